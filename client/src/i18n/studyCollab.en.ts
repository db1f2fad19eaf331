import type { studyCollabSv } from './studyCollab.sv.ts';

/** English sentences for studyCollab.sv.ts (same keys, same placeholders). */
export const studyCollabEn: Record<keyof typeof studyCollabSv, string> = {
  'kind.rtm_factor': 'Risk factor (RTM)',
  'rtmFactor.import': 'Import risk factors from a file',
  'rtmFactor.importIntro':
    'GeoJSON or CSV (columns lon and lat, x and y in SWEREF 99 TM, or a WKT column) with points, lines or polygons. The layer is police-internal and can be chosen in every study you make.',
  'rtmFactor.file': 'File',
  'rtmFactor.name': 'Name of the factor layer',
  'rtmFactor.crs': 'Coordinate system',
  'rtmFactor.crs.auto': 'As the file says (WGS 84 if it says nothing)',
  'rtmFactor.crs.wgs84': 'WGS 84 (longitude, latitude)',
  'rtmFactor.crs.sweref': 'SWEREF 99 TM (metres)',
  'rtmFactor.synthetic': 'Synthetic demo data (the layer is marked so)',
  'rtmFactor.submit': 'Import',
  'rtmFactor.busy': 'Importing …',
  'rtmFactor.imported': 'Imported {n} features into the factor layer “{name}”.',
  'rtmFactor.rejected': '{n} rows or features were rejected:',
  'rtmFactor.rejectedMore': '… and {n} more.',
  'rtmFactor.failed': 'The file could not be imported.',
  'rtmFactor.forbidden': 'You may not add factor layers to this picture.',
  'rtmFactor.tooLarge': 'The file is too large (at most 25 MB). Split or simplify it.',
  'rtmFactor.unknownFormat': 'Choose a file ending in .geojson, .json or .csv.',
  'rtmFactor.noName': 'Give the factor layer a name.',
  'rtmFactor.syntheticBadge': 'synthetic',
  'rtmFactor.features': '{n} features',
  'rtmFactor.from': 'from {picture}',
  'rtm.factorGroup.imported': 'Imported risk factors',
  'rtm.factorGroup.elsewhere': 'Imported in other pictures',
  'rtm.factorGroup.drawn': 'Drawn layers of the picture',
  'rtm.rerun': 'Run again with the same choices',
};
