/**
 * Who reads, edits and signs a situation report (rules R1–R8, cited by the tests; API.md lists them). Pure: the
 * organisation tree and the principal come in, a decision goes out, so REST, the y-websocket gateway, socket.io
 * events, the inbox and the print page all ask the same question.
 *
 * - R1 Police of the author organisation or any police unit above it read the report, drafts included, and the
 *   police text. Nobody else reads a draft.
 * - R2 Commanders and analysts of the author organisation or above edit a draft (metadata and both texts).
 * - R3 Commanders of the author organisation or above sign.
 * - R4 A signed report is frozen: no edit by anyone (409 over REST, a database trigger, read-only documents).
 * - R5 Partners read only a signed report classified `partner` or `public`, only the partner version assembled
 *   for their own organisation's rights, and only when one was assembled for it (it was in the audience).
 *   Police-internal reports never reach a partner. Partners never open a report's documents.
 * - R6 Every read of a signed report by a partner is audited.
 * - R7 The audience of a signed report: police of the author organisation and the organisation above (event and
 *   inbox), and partner organisations that read a partner-classified layer of the picture (partner version).
 * - R8 The partner version is assembled with the partner's rights and its own text; the police text is never
 *   copied into it by the server.
 */
import { isPolicePrincipal, isWithin, type OrgTree, type Principal } from '../../../shared/src/access.ts';
import type { ReportLevel } from '../../../shared/src/reports.ts';

export interface ReportFacts {
  organisationId: string;
  classification: string;
  status: string;
}

export interface ReportRights {
  /** Which text the principal reads, or null: may not read (404). */
  read: 'police' | 'partner' | null;
  edit: boolean;
  sign: boolean;
}

const NONE: ReportRights = { read: null, edit: false, sign: false };

/**
 * The principal's rights on a report. `partnerVersionFor` says whether a partner version was assembled for the
 * principal's organisation (R5); it is only asked for partners.
 */
export function reportRights(tree: OrgTree, p: Principal, report: ReportFacts, partnerVersionFor?: (orgId: string) => boolean): ReportRights {
  if (isPolicePrincipal(tree, p)) {
    if (!isWithin(tree, report.organisationId, p.organisationId)) return NONE;
    const draft = report.status === 'draft';
    const edit = draft && (p.roles.includes('commander') || p.roles.includes('analyst'));
    const sign = draft && p.roles.includes('commander');
    return { read: 'police', edit, sign };
  }
  if (report.status !== 'signed' || report.classification === 'police_internal') return NONE;
  if (!partnerVersionFor?.(p.organisationId)) return NONE;
  return { read: 'partner', edit: false, sign: false };
}

/** May this principal write a report at all (create one in a picture it may read)? Police commanders and analysts. */
export function mayAuthor(tree: OrgTree, p: Principal): boolean {
  return isPolicePrincipal(tree, p) && (p.roles.includes('commander') || p.roles.includes('analyst'));
}

/** The report level of an author organisation's kind, or null for organisations that do not report (partners). */
export function levelOfKind(kind: string): ReportLevel | null {
  switch (kind) {
    case 'local_police_area':
      return 'local';
    case 'police_area':
      return 'police_area';
    case 'region':
      return 'region';
    case 'national':
      return 'national';
    default:
      return null;
  }
}

/** Police organisations that receive a signed report (R7): the author organisation and the one above it. */
export function policeRecipients(tree: OrgTree, authorOrgId: string): string[] {
  const parent = tree.get(authorOrgId)?.parentId ?? null;
  return parent ? [authorOrgId, parent] : [authorOrgId];
}
