import type { AuditLog } from '../../audit/audit.ts';
import type { DocumentManager } from '../../collab/documents.ts';
import type { LiveHub } from '../../live/liveHub.ts';
import type { OrgDirectory } from '../../orgs/orgDirectory.ts';
import type { PictureService } from '../pictureService.ts';
import type { PictureReads } from './pictureReads.ts';

/** What every pictures route file is given. */
export interface PictureRouteDeps {
  pictures: PictureService;
  docs: DocumentManager;
  live: LiveHub;
  audit: AuditLog;
  orgs: OrgDirectory;
  reads: PictureReads;
}
