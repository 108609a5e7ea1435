/** A delivery's states, for the stored model and the API alike; free of zod so the model loads without building schemas. */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
