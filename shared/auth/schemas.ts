import * as z from 'zod';
import { UserId } from '../platform/schemas';

export const Credentials = z
  .strictObject({
    email: z.string().trim().max(254).pipe(z.email('must be an email address')).transform((v) => v.toLowerCase()),
    password: z.string().min(1, 'is required').max(1024),
  })
  .meta({ id: 'Credentials' });
export type Credentials = z.infer<typeof Credentials>;

export const Session = z
  .object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number().int() })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const Me = z
  .object({ userId: UserId, email: z.string(), name: z.string(), profile: z.string(), roles: z.array(z.string()) })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;
