/**
 * Swedish sentences of the RTM factor import, the strategic map's levels and lists, and the collaboration
 * tools (presence, comments, undo, measuring, counters, wall screen, alerts, journal); spread into sv.ts.
 * en.ts spreads studyCollab.en.ts, typed against this.
 */
export const studyCollabSv = {
  'kind.rtm_factor': 'Riskfaktor (RTM)',
  'rtmFactor.import': 'Importera riskfaktorer från fil',
  'rtmFactor.importIntro':
    'GeoJSON eller CSV (kolumnerna lon och lat, x och y i SWEREF 99 TM, eller en WKT-kolumn) med punkter, linjer eller ytor. Lagret blir polisinternt och kan väljas i alla studier du gör.',
  'rtmFactor.file': 'Fil',
  'rtmFactor.name': 'Namn på faktorlagret',
  'rtmFactor.crs': 'Koordinatsystem',
  'rtmFactor.crs.auto': 'Enligt filen (WGS 84 om inget anges)',
  'rtmFactor.crs.wgs84': 'WGS 84 (longitud, latitud)',
  'rtmFactor.crs.sweref': 'SWEREF 99 TM (meter)',
  'rtmFactor.synthetic': 'Syntetiska demodata (lagret märks så)',
  'rtmFactor.submit': 'Importera',
  'rtmFactor.busy': 'Importerar …',
  'rtmFactor.imported': 'Importerade {n} objekt till faktorlagret ”{name}”.',
  'rtmFactor.rejected': '{n} rader eller objekt avvisades:',
  'rtmFactor.rejectedMore': '… och {n} till.',
  'rtmFactor.failed': 'Filen kunde inte importeras.',
  'rtmFactor.forbidden': 'Du får inte lägga till faktorlager i den här lägesbilden.',
  'rtmFactor.tooLarge': 'Filen är för stor (högst 25 MB). Dela upp eller förenkla den.',
  'rtmFactor.unknownFormat': 'Välj en fil som slutar på .geojson, .json eller .csv.',
  'rtmFactor.noName': 'Ge faktorlagret ett namn.',
  'rtmFactor.syntheticBadge': 'syntetisk',
  'rtmFactor.features': '{n} objekt',
  'rtmFactor.from': 'från {picture}',
  'rtm.factorGroup.imported': 'Importerade riskfaktorer',
  'rtm.factorGroup.elsewhere': 'Importerade i andra lägesbilder',
  'rtm.factorGroup.drawn': 'Ritade lager i lägesbilden',
  'rtm.rerun': 'Kör igen med samma val',
} as const;
