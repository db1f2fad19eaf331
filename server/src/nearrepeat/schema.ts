/**
 * TypeBox schemas for the near-repeat inputs that arrive over HTTP (per-picture config, Knox requests), so the
 * server can validate at its boundary. The core functions validate again and explain problems in sentences.
 */
import { type Static, Type } from '@sinclair/typebox';
import { INCIDENT_TYPES, KERNELS } from './kernels.ts';

const KernelSchema = Type.Union(KERNELS.map((k) => Type.Literal(k)));

export const NearRepeatTypeConfigInputSchema = Type.Partial(
  Type.Object({
    enabled: Type.Boolean(),
    radiusM: Type.Number({ exclusiveMinimum: 0, maximum: 50_000, description: 'Spatial range D in metres' }),
    windowDays: Type.Number({ exclusiveMinimum: 0, maximum: 3_650, description: 'Temporal range T in days' }),
    spatialKernel: KernelSchema,
    temporalKernel: KernelSchema,
    halfDistanceM: Type.Number({ exclusiveMinimum: 0 }),
    halfLifeDays: Type.Number({ exclusiveMinimum: 0 }),
    weight: Type.Number({ minimum: 0 }),
    createsZone: Type.Boolean(),
    knox: Type.Union([
      Type.Null(),
      Type.Object(
        {
          spatialUpper: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, maxItems: 100 }),
          temporalUpper: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { minItems: 1, maxItems: 100 }),
          weights: Type.Array(Type.Array(Type.Number({ minimum: 0 }), { maxItems: 100 }), { maxItems: 100 }),
        },
        { additionalProperties: false },
      ),
    ]),
  }),
  { additionalProperties: false },
);

export const NearRepeatConfigInputSchema = Type.Object(
  {
    types: Type.Optional(
      Type.Partial(
        Type.Object(Object.fromEntries(INCIDENT_TYPES.map((t) => [t, NearRepeatTypeConfigInputSchema]))),
        { additionalProperties: false },
      ),
    ),
    gamma: Type.Optional(Type.Number({ minimum: 0, description: 'γ in RRS × (1 + γ·NR)' })),
    promapCellM: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);
export type NearRepeatConfigInputBody = Static<typeof NearRepeatConfigInputSchema>;

/** Body for a Knox analysis over stored incidents (the incident selection itself is the server's business). */
export const KnoxOptionsSchema = Type.Object(
  {
    sds: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, maxItems: 1000 }),
    tds: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, maxItems: 1000 }),
    method: Type.Optional(Type.Union([Type.Literal('manhattan'), Type.Literal('euclidean')])),
    permutations: Type.Optional(Type.Integer({ minimum: 1, maximum: 9_999 })),
    seed: Type.Optional(Type.Integer()),
    nrcCompat: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type KnoxOptionsBody = Static<typeof KnoxOptionsSchema>;
