import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, typeOf, typesPath } from './generate-types.ts';

describe('the SDK’s generated types', () => {
  it('are what the API’s schemas generate now (run `npm run sdk:types` after changing a schema)', async () => {
    expect(fs.readFileSync(typesPath, 'utf8')).toBe(await generateTypes());
  });

  it('render nullable, optional, enum, array and free-form JSON Schema as TypeScript', () => {
    expect(
      typeOf({
        type: 'object',
        required: ['id', 'tags'],
        properties: {
          id: { type: 'string', description: 'The id' },
          score: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
          kind: { type: 'string', enum: ['nps', 'csat'] },
          tags: { type: 'array', items: { type: 'string' } },
          traits: { type: 'object', additionalProperties: {} },
          'x-y': { type: ['string', 'null'] },
        },
      }),
    ).toBe(
      '{\n  /** The id */\n  id: string;\n  score?: number | null;\n  kind?: "nps" | "csat";\n  tags: string[];\n' +
        '  traits?: Record<string, unknown>;\n  "x-y"?: string | null;\n}',
    );
  });
});
