/** Classification colours (Tol's muted palette, colour-blind safe); the UI always adds the text too. */
export const CLASSIFICATION_COLORS = { police_internal: '#882255', partner: '#117733', public: '#332288' } as const;
