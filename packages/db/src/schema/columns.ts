import { sql } from 'drizzle-orm';
import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** An amount in integer base units (micro-STX or sats). Never a float. */
export const amount = () => bigint({ mode: 'bigint' }).notNull().default(sql`0`); // drizzle-kit cannot serialise a bigint default

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
