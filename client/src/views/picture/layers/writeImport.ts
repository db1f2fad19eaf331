import type * as Y from 'yjs';
import { addFeature, appendLog } from '../../../../../shared/src/layerDoc.ts';
import type { ImportedFeature } from './layerImport.ts';

/**
 * Writes checked features into a layer's document in one transaction, with one log entry naming the file:
 * co-editors receive the import as one update, and the layer's history has one version for it.
 */
export function writeImport(doc: Y.Doc, features: readonly ImportedFeature[], author: string, fileName: string, logText: string, now = new Date()): string[] {
  const ids = features.map(() => crypto.randomUUID());
  doc.transact(() => {
    features.forEach((f, i) => {
      addFeature(doc, ids[i], f.geometry, { createdBy: author, title: f.title, description: f.description, category: f.category }, now);
    });
    appendLog(doc, { id: crypto.randomUUID(), time: now.toISOString(), author, text: logText.replace('{file}', fileName), featureIds: ids });
  });
  return ids;
}
