// Process entry of `npm start`: everything else is in serve.ts, which has no side effects on import.
import { ConfigError } from './config/config.js';
import { serve } from './serve.js';

serve().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
