/**
 * Which local police area follows up each designated area. The police's data names the local police area
 * (LOKALPOLISOMRADE, e.g. "Rosengård"); organisations in Lägesbild are named by whoever set them up. An explicit
 * assignment (FollowupAssignment) wins; otherwise a local police area organisation whose name is the published
 * name (with or without "LPO "); otherwise nobody, and only national police read the area (rules.ts F1). Pure.
 */
export interface OrgLike {
  id: string;
  kind: string;
  name: string;
}

const norm = (s: string) => s.toLocaleLowerCase('sv-SE').replace(/^(lpo|lokalpolisområde)\s+/, '').trim();

export function responsibleOrgs(areas: ReadonlyArray<{ id: string; lpo: string | null }>, assignments: ReadonlyMap<string, string>, orgs: readonly OrgLike[]): Map<string, string | null> {
  const lpoByName = new Map<string, string>();
  for (const o of orgs) if (o.kind === 'local_police_area') lpoByName.set(norm(o.name), o.id);
  const known = new Set(orgs.map((o) => o.id));
  const out = new Map<string, string | null>();
  for (const a of areas) {
    const explicit = assignments.get(a.id);
    if (explicit && known.has(explicit)) out.set(a.id, explicit);
    else out.set(a.id, (a.lpo && lpoByName.get(norm(a.lpo))) || null);
  }
  return out;
}
