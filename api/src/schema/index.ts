import { builder } from '../builder.ts';
import './account.ts';
import './audit.ts';
import './credential.ts';
import './moderation.ts';
import './notification.ts';
import './poll.ts';
import './post.ts';
import './pseudonym.ts';
import './response.ts';
import './search.ts';
import './survey.ts';
import './survey-authoring.ts';
import './survey-lifecycle.ts';
import './thread.ts';
import './verification.ts';
import './report.ts';

export const schema = builder.toSchema({ sortSchema: false });
