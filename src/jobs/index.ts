// Every periodic job of the platform. Modules add theirs here.
import type { Job } from './runner.js';

export const jobs: Job[] = [];
