import { builder } from '../builder.ts';
import './account.ts';

export const schema = builder.toSchema({ sortSchema: false });
