/**
 * Which base map a map starts from. A deployment with its own base-map server sets MAP_STYLE_URL (served
 * to the client by GET /api/config); without it every map uses the offline base map shipped with the app.
 * Both the picture map and the strategic map choose here, so they never disagree.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { baseStyle } from './baseStyle.ts';

export interface MapStyleChoice {
  style: string | StyleSpecification;
  /**
   * True for the shipped base map: only it has our borders, designated areas and DOM labels, so only then
   * do the maps add district borders and base-map labels (an external style brings its own).
   */
  offline: boolean;
}

export function chooseMapStyle(styleUrl: string | null | undefined, origin: string = window.location.origin): MapStyleChoice {
  return styleUrl ? { style: styleUrl, offline: false } : { style: baseStyle(origin), offline: true };
}
