/**
 * Loaded with `node --import` into infiniproxy's process (and so into each of its cluster
 * workers) by the comparison benchmark: the proxy itself runs unchanged, from dist/.
 */
import { answerUsageRequests } from './report-usage.js';

answerUsageRequests();
