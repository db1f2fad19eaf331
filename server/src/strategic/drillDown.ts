/**
 * From an area of the strategic map to work on it: a local situational picture carrying the area's code,
 * name and outline, or an RTM study skeleton with the area as boundary. Pictures are created by the pictures
 * capability; strategic never writes them.
 */
import type { AuthUser } from '../auth/authService.ts';
import { appError } from '../errors.ts';
import { layerSummary, type PictureRecord, type PictureService, pictureOut } from '../pictures/index.ts';
import type { AreaIncidents } from './areaIncidents.ts';
import type { StrategicService } from './service.ts';
import type { AreaMeta } from './store.ts';

/** What strategic needs of the pictures capability. */
export type AreaPictures = Pick<PictureService, 'create' | 'listPictures' | 'readableLayers' | 'pictureRight'>;

export interface OpenedPicture {
  /** True when the caller's organisation already had an open picture of the area (no new one was made). */
  existing: boolean;
  body: Record<string, unknown> & { id: string };
}

const PICTURE_LEVEL = { country: 'national', lan: 'regional' } as const;

export class AreaDrillDown {
  constructor(
    private readonly service: StrategicService,
    private readonly pictures: AreaPictures,
    private readonly incidents: AreaIncidents,
  ) {}

  /**
   * The organisation's open picture of the area, or a new one. Clicking twice must not leave duplicates:
   * users expect the picture they already opened for the area.
   */
  async openPicture(user: AuthUser, area: AreaMeta, title: string | undefined, address: string | null): Promise<OpenedPicture> {
    const open = await this.openPictureOf(user, area.code);
    if (open) return { existing: true, body: await this.body(user, open, area) };
    const geometry = await this.service.geometryOf(area.code, area.vintage, 'wgs');
    const created = await this.pictures.create({
      creator: user,
      title: title ?? `Lägesbild – ${area.name}`,
      level: PICTURE_LEVEL[area.level as keyof typeof PICTURE_LEVEL] ?? 'local',
      area: geometry,
      areaCode: area.code,
      address,
    });
    return { existing: false, body: await this.body(user, created, area) };
  }

  /** An RTM study of the area for POST /api/rtm/studies: boundary and outcome in EPSG:3006, no factors yet. */
  async rtmStudy(area: AreaMeta, blockLength: number) {
    const boundary = await this.service.geometryOf(area.code, area.vintage, 'sweref');
    if (!boundary) throw appError('NOT_FOUND', [`Area ${area.code}`]);
    const outcome = await this.incidents.positionedIn(area, boundary);
    return {
      name: `RTM – ${area.name}`,
      crs: 'EPSG:3006',
      boundary,
      blockLength,
      cellSize: blockLength / 2,
      outcome,
      outcomeName: 'Bekräftade händelser med exakt position',
      factors: [],
      areaCode: area.code,
      areaName: area.name,
      areaLevel: area.level,
      note: 'Skelett: lägg till riskfaktorer (factors) och skicka till POST /api/rtm/studies. Händelser med områdesprecision ingår inte i utfallet. / Skeleton: add factors and post to /api/rtm/studies; area-precision events are left out of the outcome.',
    };
  }

  /** The newest active picture of the user's organisation for the area that the user can see. */
  private async openPictureOf(user: AuthUser, areaCode: string): Promise<PictureRecord | null> {
    const candidates = (await this.pictures.listPictures())
      .filter((p) => p.status === 'active' && p.areaCode === areaCode && p.ownerOrgId === user.organisationId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    for (const p of candidates) {
      if ((await this.pictures.readableLayers(user, p)).length > 0 || (await this.pictures.pictureRight(user, p)) === 'admin') return p;
    }
    return null;
  }

  /** The picture as POST /api/pictures answers it, plus the area's name and level. */
  private async body(user: AuthUser, picture: PictureRecord, area: AreaMeta): Promise<OpenedPicture['body']> {
    const layers = await this.pictures.readableLayers(user, picture);
    return { ...pictureOut(picture), layers: layers.map(layerSummary), areaName: area.name, areaLevel: area.level };
  }
}
