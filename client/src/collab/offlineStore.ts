/**
 * Layer documents kept in the browser's IndexedDB (y-indexeddb), so edits made without a connection survive
 * a page reload or a closed tab and reach the server when it is back (issue 17).
 *
 * Security on shared computers (a duty room's PC, a municipal office): the stored documents are the layers the
 * user may read, police-internal ones included, unencrypted in the browser profile. So they are named per user
 * and layer, every stored document is deleted at logout and when a session ends (401), those of any other user
 * are deleted when someone signs in, and a layer whose access is refused (close 4403/4404) is deleted at once.
 * A user who closes the browser without logging out leaves their documents until the next sign-in on that
 * profile; SECURITY.md says to log out on shared computers.
 */
const PREFIX = 'lagesbild-layer:v1:';
/** Names of stored documents, for browsers without indexedDB.databases(). */
const REGISTRY_KEY = 'lagesbild.offlineDocs';

export function offlineDocName(userId: string, layerId: string): string {
  return `${PREFIX}${encodeURIComponent(userId)}:${encodeURIComponent(layerId)}`;
}

/** The user a stored document belongs to, or null for names that are not ours. */
export function ownerOf(name: string): string | null {
  if (!name.startsWith(PREFIX)) return null;
  const rest = name.slice(PREFIX.length);
  const i = rest.indexOf(':');
  return i < 0 ? null : decodeURIComponent(rest.slice(0, i));
}

function readRegistry(storage: Pick<Storage, 'getItem'> | null): string[] {
  try {
    const v = JSON.parse(storage?.getItem(REGISTRY_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function localStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function rememberOfflineDoc(name: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null = localStore()): void {
  const names = readRegistry(storage);
  if (!names.includes(name)) storage?.setItem(REGISTRY_KEY, JSON.stringify([...names, name]));
}

/** Which stored documents to delete: all of ours, or all but those of `keepUser`. Pure. */
export function namesToClear(names: readonly string[], keepUser?: string): string[] {
  return names.filter((n) => {
    const owner = ownerOf(n);
    return owner !== null && owner !== keepUser;
  });
}

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    // A document still open (a tab being torn down) blocks until it closes; the deletion then goes ahead.
    req.onsuccess = req.onerror = () => resolve();
  });
}

/** Deletes stored layer documents (all, or all but `keepUser`'s); returns how many were deleted. */
export async function clearOfflineDocs(opts: { keepUser?: string } = {}): Promise<number> {
  if (typeof indexedDB === 'undefined') return 0;
  const storage = localStore();
  let names = readRegistry(storage);
  if (typeof indexedDB.databases === 'function') {
    try {
      names = [...new Set([...names, ...(await indexedDB.databases()).map((d) => d.name ?? '')])];
    } catch {
      // Fall back on the registry.
    }
  }
  const doomed = namesToClear(names, opts.keepUser);
  await Promise.all(doomed.map(deleteDb));
  storage?.setItem(REGISTRY_KEY, JSON.stringify(readRegistry(storage).filter((n) => !doomed.includes(n))));
  return doomed.length;
}
