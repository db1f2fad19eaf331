/**
 * Who sees what of the strategic map: police see every area; a partner sees its own kommun and the areas in
 * it, with small populations and values counted from incidents suppressed (suppression.ts).
 */
import type { AuthUser } from '../auth/authService.ts';
import { appError } from '../errors.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import { ancestorsOf } from './areas.ts';
import type { IndexItem } from './indicatorIndex.ts';
import type { AreaIndex, StrategicService } from './service.ts';
import type { AreaMeta } from './store.ts';
import { guardIndexItem, guardPopulationValue, isIncidentDerivedIndicator, SUPPRESSION_TEXT, type SuppressionReason } from './suppression.ts';
import { parseAreaCode } from './vintage.ts';

export interface Viewer {
  audience: 'police' | 'partner';
  /** The partner's municipality (SCB code), null when its organisation has none (then it sees no area). */
  kommun: string | null;
  user: AuthUser;
}

export class AreaAccess {
  constructor(
    private readonly areas: Pick<StrategicService, 'area' | 'areas'>,
    private readonly orgs: Pick<OrgDirectory, 'get'>,
  ) {}

  async viewer(user: AuthUser): Promise<Viewer> {
    if (user.isPolice) return { audience: 'police', kommun: null, user };
    const org = await this.orgs.get(user.organisationId);
    const kommun = org?.areaCode && /^\d{4}$/.test(org.areaCode) ? org.areaCode : null;
    return { audience: 'partner', kommun, user };
  }

  /** Police: every area. Partners: their kommun and every area whose code or parent chain starts in it. */
  visible(viewer: Viewer, area: AreaMeta, idx: AreaIndex): boolean {
    if (viewer.audience === 'police') return true;
    const k = viewer.kommun;
    if (!k) return false;
    if (area.code === k) return true;
    if (area.level === 'country' || area.level === 'lan' || area.level === 'kommun') return false;
    if (parseAreaCode(area.code)?.kommunCode === k) return true;
    return ancestorsOf(area.code, idx.byCode).includes(k);
  }

  /** The area, or 404 when it does not exist or the caller may not see it. */
  async visibleArea(viewer: Viewer, code: string, vintage?: string): Promise<AreaMeta> {
    const a = await this.areas.area(code, vintage);
    if (!a || !this.visible(viewer, a, await this.areas.areas())) throw appError('NOT_FOUND', [`Area ${code}`]);
    return a;
  }

  /** An index item for the viewer: partners get small-population suppression. */
  guardItem<T extends IndexItem>(viewer: Viewer, item: T, area: AreaMeta | undefined): T & { suppressed?: boolean } {
    if (viewer.audience === 'police') return item;
    return guardIndexItem(item, area?.population ?? null, 'partner');
  }

  /**
   * A raw indicator value for the viewer (partners: areas under 50 residents or of unknown size → null, and
   * indicators counted from incidents → null, see isIncidentDerivedIndicator).
   */
  guardValue(viewer: Viewer, value: number, area: AreaMeta, indicatorId?: string): { value: number | null; suppressed?: boolean; reason?: string } {
    if (viewer.audience === 'police') return { value };
    if (indicatorId !== undefined && isIncidentDerivedIndicator(indicatorId)) return { value: null, suppressed: true, reason: SUPPRESSION_TEXT.incident_derived.sv };
    const g = guardPopulationValue(value, area.population, 'partner');
    return g.suppressed ? { value: null, suppressed: true, reason: SUPPRESSION_TEXT[g.reason as SuppressionReason].sv } : { value };
  }
}
