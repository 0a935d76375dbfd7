/**
 * The Consilium API for `pnpm bench:peers`, as `pnpm api` runs it (src/main.ts: real HTTP, the
 * environment the parent gives: NODE_ENV=production, logs silenced, rate limits scaled out of the
 * way), with its SQL statements counted.
 */
import './statement-count.ts';
import '../../src/main.ts';
