import { builder } from '../builder.ts';
import './account.ts';
import './audit.ts';
import './credential.ts';
import './pseudonym.ts';
import './response.ts';
import './verification.ts';

export const schema = builder.toSchema({ sortSchema: false });
