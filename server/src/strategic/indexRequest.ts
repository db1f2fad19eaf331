/**
 * The `POST /api/strategic/index` contract: TypeBox schemas for the request and response, and the pure
 * function the route calls once it has loaded the level's areas and the year's indicator values.
 */
import { type Static, Type } from '@sinclair/typebox';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import { computeIndex, type IndexArea, type IndexResult } from './indicatorIndex.ts';
import { defaultIndexIndicators } from './indicators.ts';

export const AreaLevelSchema = Type.Union([
  Type.Literal('country'),
  Type.Literal('lan'),
  Type.Literal('kommun'),
  Type.Literal('deso'),
  Type.Literal('regso'),
  Type.Literal('district'),
]);
export const DirectionSchema = Type.Union([Type.Literal('higher_is_worse'), Type.Literal('higher_is_better')]);

export const StrategicIndexRequestSchema = Type.Object(
  {
    level: AreaLevelSchema,
    year: Type.Integer({ minimum: 1900, maximum: 2100 }),
    method: Type.Union([Type.Literal('zscore'), Type.Literal('percentile')], { default: 'zscore' }),
    indicators: Type.Optional(
      Type.Array(
        Type.Object({
          indicator: Type.String({ minLength: 1, maxLength: 100 }),
          weight: Type.Number({ minimum: 0 }),
          direction: DirectionSchema,
        }),
        { minItems: 1, maxItems: 50, description: 'Defaults to the documented default index.' },
      ),
    ),
    // Extensions beyond the contract (all optional).
    vintage: Type.Optional(Type.String({ description: 'Code vintage of the level, e.g. DeSO2025; required when a level has several.' })),
    minShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    minIndicators: Type.Optional(Type.Integer({ minimum: 1 })),
    cutoffs: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 })),
    cutoffMode: Type.Optional(Type.Union([Type.Literal('score'), Type.Literal('quantile')])),
    parentCode: Type.Optional(Type.String({ description: 'Score only areas under this parent (comparison set stays national).' })),
  },
  { additionalProperties: false },
);
export type StrategicIndexRequest = Static<typeof StrategicIndexRequestSchema>;

export const ContributionSchema = Type.Object({
  indicator: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()]),
  standardised: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  contribution: Type.Union([Type.Number(), Type.Null()]),
});

export const IndexItemSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  score: Type.Union([Type.Number(), Type.Null()]),
  level: Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()]),
  contributions: Type.Array(ContributionSchema),
  reason: Type.Optional(Type.String()),
  reasonEn: Type.Optional(Type.String()),
});

export const StrategicIndexResponseSchema = Type.Object({
  items: Type.Array(IndexItemSchema),
  method: Type.Optional(Type.String()),
  cutoffs: Type.Optional(Type.Array(Type.Number())),
  required: Type.Optional(Type.Integer()),
});
export type StrategicIndexResponse = Static<typeof StrategicIndexResponseSchema>;

/** An area row as the route loads it. */
export interface LoadedArea {
  code: string;
  name: string;
  level: string;
  vintage: string;
  parentCode: string | null;
}

/**
 * Runs an index request. `areas` are the level's areas (one vintage — mixed vintages are refused),
 * `values` the indicator values of `request.year` for them. With `parentCode`, every area of the level is
 * the comparison set but only the parent's children are returned.
 */
export function runIndexRequest(
  request: StrategicIndexRequest,
  areas: readonly LoadedArea[],
  values: readonly { areaCode: string; year: number; indicator: string; value: number }[],
): IndexResult {
  const indicators = request.indicators ?? defaultIndexIndicators();
  const inLevel = areas.filter((a) => a.level === request.level && (request.vintage === undefined || a.vintage === request.vintage));
  const vintages = new Set(inLevel.map((a) => a.vintage));
  if (vintages.size > 1) {
    throw new StrategicError(
      StrategicErrorCode.VintageMismatch,
      `Nivån ${request.level} har flera kodversioner (${[...vintages].join(', ')}); ange vintage. / Level ${request.level} has several code vintages (${[...vintages].join(', ')}); give vintage.`,
    );
  }
  const wanted = new Set(indicators.map((i) => i.indicator));
  const byArea = new Map<string, Record<string, number>>();
  for (const v of values) {
    if (v.year !== request.year || !wanted.has(v.indicator)) continue;
    let rec = byArea.get(v.areaCode);
    if (!rec) {
      rec = {};
      byArea.set(v.areaCode, rec);
    }
    rec[v.indicator] = v.value;
  }
  const all: IndexArea[] = inLevel.map((a) => ({ code: a.code, name: a.name, vintage: a.vintage, values: byArea.get(a.code) ?? {} }));
  const scored = request.parentCode === undefined ? all : all.filter((_, i) => inLevel[i].parentCode === request.parentCode);
  return computeIndex(scored, indicators, {
    method: request.method,
    minShare: request.minShare,
    minIndicators: request.minIndicators,
    cutoffs: request.cutoffs,
    cutoffMode: request.cutoffMode,
    reference: all,
  });
}
