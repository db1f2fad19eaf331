/** TypeBox schemas of the evaluation API's request bodies (API.md). Numbers are checked again by the cores. */
import { Type } from '@sinclair/typebox';

const Count = Type.Number({ minimum: 0 });
const PairOf = (t: typeof Count) => Type.Tuple([t, t]);
const Weight = Type.Number({ exclusiveMinimum: 0 });
const Alpha = Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 });

export const WddBody = Type.Object(
  {
    control: PairOf(Count),
    treated: PairOf(Count),
    displacementControl: Type.Optional(PairOf(Count)),
    displacementTreated: Type.Optional(PairOf(Count)),
    timeWeights: Type.Optional(Type.Tuple([Weight, Weight])),
    areaWeights: Type.Optional(Type.Tuple([Weight, Weight, Weight, Weight])),
    alpha: Type.Optional(Alpha),
  },
  { additionalProperties: false },
);

export const WddHarmBody = Type.Object(
  {
    items: Type.Array(Type.Object({ est: Type.Number(), se: Type.Number({ minimum: 0 }), weight: Weight, label: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 100,
    }),
    alpha: Type.Optional(Alpha),
  },
  { additionalProperties: false },
);

export const WdqBody = Type.Object({ target: PairOf(Count), buffer: PairOf(Count), control: PairOf(Count) }, { additionalProperties: false });

export const ETestBody = Type.Object(
  {
    k1: Type.Integer({ minimum: 0 }),
    k2: Type.Integer({ minimum: 0 }),
    n1: Type.Optional(Weight),
    n2: Type.Optional(Weight),
    d: Type.Optional(Type.Number()),
    variance: Type.Optional(Type.Union([Type.Literal('pooled'), Type.Literal('unpooled')])),
    alpha: Type.Optional(Alpha),
  },
  { additionalProperties: false },
);
