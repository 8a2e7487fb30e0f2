// Where the bundled fonts live (fonts/ at the project root).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fonts');
