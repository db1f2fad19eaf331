/** Ids of the seeded demo picture, apart from the seed code so that routes can name it without a cycle. */
export const DEMO_PICTURE_ID = 'pic-malmo';
