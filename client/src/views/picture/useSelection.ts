/** The selected feature and whether its shape is being edited on the map. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LayerFeature } from '../../../../shared/src/layerDoc.ts';
import type { PictureMapController } from '../../map/PictureMapController.ts';

export interface Selection {
  layerId: string;
  featureId: string;
}

export function useSelection() {
  const [state, setState] = useState<{ selection: Selection | null; editingShape: boolean }>({ selection: null, editingShape: false });
  // Selecting another feature ends shape editing; re-selecting the same one keeps it.
  const select = useCallback(
    (selection: Selection | null) => setState((s) => ({ selection, editingShape: s.editingShape && s.selection?.featureId === selection?.featureId })),
    [],
  );
  const setEditingShape = useCallback((editingShape: boolean) => setState((s) => ({ ...s, editingShape })), []);
  return { selection: state.selection, editingShape: state.editingShape, select, setEditingShape };
}

/**
 * Puts the feature's vertices on the map while it is edited. Keyed on the feature, not its geometry: the
 * geometry changes with every drag, and restarting the edit would drop the vertex being dragged.
 */
export function useShapeEditing(map: PictureMapController | null, feature: LayerFeature | undefined): void {
  const featureRef = useRef(feature);
  featureRef.current = feature;
  const featureId = feature?.id ?? null;
  useEffect(() => {
    if (!map) return;
    const f = featureRef.current;
    if (featureId && f) map.startEdit(featureId, f.geometry);
    else map.stopEdit();
  }, [map, featureId]);
}
