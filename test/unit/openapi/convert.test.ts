import { describe, expect, it } from 'vitest';
import { importFixture, invalidSchemas, tool } from './helpers';

describe('convertSpec: Petstore (OpenAPI 3.0)', () => {
  it('turns every operation into a tool named after its operationId', async () => {
    const result = await importFixture('petstore.yaml');
    expect(result.tools.map((item) => item.name)).toEqual([
      'updatePet', 'addPet', 'findPetsByStatus', 'findPetsByTags', 'getPetById', 'updatePetWithForm', 'deletePet',
      'uploadFile', 'getInventory', 'placeOrder', 'getOrderById', 'deleteOrder', 'loginUser', 'createUsersWithListInput',
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.servers).toEqual(['https://petstore3.swagger.io/api/v3']);
    expect(invalidSchemas(result.tools)).toEqual([]);
  });

  it('puts path parameters first, required, with their schema and description', async () => {
    const getPet = tool(await importFixture('petstore.yaml'), 'getPetById');
    expect(getPet.inputSchema).toEqual({
      type: 'object',
      properties: { petId: { type: 'integer', format: 'int64', description: 'ID of pet' } },
      required: ['petId'],
    });
    expect(getPet.title).toBe('Find pet by ID');
    expect(getPet.description).toBe('Find pet by ID\n\nReturns a single pet');
    expect(getPet.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(getPet.operation).toMatchObject({ method: 'get', path: '/pet/{petId}', accept: 'application/json', security: [['api_key'], ['petstore_auth']] });
  });

  it('prefers a JSON body over XML, drops readOnly properties and maps nullable to a null type', async () => {
    const result = await importFixture('petstore.yaml');
    const update = tool(result, 'updatePet');
    expect(update.operation.body).toEqual({ property: 'body', mediaType: 'application/json', encoding: 'json', required: true });
    const body = (update.inputSchema.properties as Record<string, Record<string, unknown>>).body;
    expect(body).toMatchObject({ type: 'object', required: ['name', 'photoUrls'], description: 'Update an existent pet in the store' });
    expect((body?.properties as Record<string, unknown>).status).toEqual({
      type: ['string', 'null'], description: 'pet status in the store', enum: ['available', 'pending', 'sold', null],
    });
    const order = (tool(result, 'placeOrder').inputSchema.properties as Record<string, Record<string, unknown>>).body;
    expect(Object.keys(order?.properties as object)).not.toContain('id');
    expect(order?.required).toEqual(['petId']);
  });

  it('converts 3.0 boolean exclusiveMaximum, query arrays, form and binary bodies, deprecation and public operations', async () => {
    const result = await importFixture('petstore.yaml');
    const orderId = (tool(result, 'getOrderById').inputSchema.properties as Record<string, Record<string, unknown>>).orderId;
    expect(orderId).toEqual({ type: 'integer', format: 'int64', minimum: 1, exclusiveMaximum: 10 });
    expect(tool(result, 'findPetsByStatus').operation.params[0]).toEqual({ property: 'status', name: 'status', in: 'query', required: false, style: 'form', explode: true });
    expect(tool(result, 'findPetsByTags').operation.params[0]).toMatchObject({ style: 'form', explode: false });
    expect(tool(result, 'findPetsByTags').description).toMatch(/^\(Deprecated\) Finds Pets by tags/);
    expect(tool(result, 'updatePetWithForm').operation.body).toMatchObject({ encoding: 'form', mediaType: 'application/x-www-form-urlencoded', required: false });
    expect(tool(result, 'uploadFile').operation.body).toMatchObject({ encoding: 'binary', mediaType: 'application/octet-stream' });
    expect(tool(result, 'loginUser').operation.security).toEqual([]);
    expect(tool(result, 'deletePet').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tool(result, 'deletePet').operation.params.map((param) => `${param.in}:${param.name}`)).toEqual(['path:petId', 'header:api_key']);
  });

  it('suggests auth for each security scheme', async () => {
    const result = await importFixture('petstore.yaml');
    expect(result.securitySchemes).toEqual([
      {
        name: 'petstore_auth',
        type: 'oauth2',
        suggested: {
          kind: 'oauth2',
          flows: [{ flow: 'implicit', authorizationUrl: 'https://petstore3.swagger.io/oauth/authorize', scopes: ['write:pets', 'read:pets'] }],
          note: expect.stringContaining('OAuth2') as unknown as string,
        },
      },
      { name: 'api_key', type: 'apiKey', suggested: { kind: 'apiKey', in: 'header', name: 'api_key' } },
    ]);
  });
});

describe('convertSpec: OpenAPI 3.1', () => {
  it('keeps type arrays, null, const, prefixItems and numeric exclusiveMinimum', async () => {
    const result = await importFixture('openapi31.yaml');
    expect(result.tools.map((item) => item.name)).toEqual(['listNotes', 'createNote', 'patchNote']); // webhooks are not operations
    expect(result.servers).toEqual(['https://eu.notes.example.com/v2']);
    const list = tool(result, 'listNotes').inputSchema.properties as Record<string, unknown>;
    expect(list.limit).toEqual({ type: 'integer', maximum: 100, exclusiveMinimum: 0 });
    expect(list.archived).toEqual({ type: ['boolean', 'null'] });
    const patch = tool(result, 'patchNote');
    expect(patch.operation.body?.mediaType).toBe('application/merge-patch+json');
    expect((patch.inputSchema.properties as Record<string, unknown>).body).toEqual({
      type: 'object',
      properties: {
        title: { type: ['string', 'null'] },
        position: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
        kind: { const: 'note' },
        color: { enum: ['red', 'green', null] },
      },
    });
    expect((patch.inputSchema.properties as Record<string, unknown>).noteId).toEqual({ type: 'string', pattern: '^[a-z0-9]{8}$' });
    const create = (tool(result, 'createNote').inputSchema.properties as Record<string, Record<string, unknown>>).body;
    expect((create?.properties as Record<string, unknown>).body).toEqual({ type: ['string', 'null'], examples: ['hello'] });
    expect(result.securitySchemes[0]?.suggested).toEqual({ kind: 'bearer', bearerFormat: 'JWT' });
    expect(tool(result, 'createNote').operation.security).toEqual([['bearer']]);
    expect(invalidSchemas(result.tools)).toEqual([]);
  });
});

describe('convertSpec: Swagger 2.0', () => {
  it('maps body and formData parameters, collectionFormat, file uploads and securityDefinitions', async () => {
    const result = await importFixture('swagger2.json');
    expect(result.servers).toEqual(['https://files.example.com/api/v1', 'http://files.example.com/api/v1']);
    const list = tool(result, 'listFiles');
    expect(list.operation.params.map((param) => [param.name, param.in, param.style, param.explode])).toEqual([
      ['folderId', 'path', 'simple', false],
      ['ext', 'query', 'form', true],
      ['fields', 'query', 'form', false],
      ['size_gt', 'query', 'form', false],
      ['X-Trace', 'header', 'simple', false],
    ]);
    expect((list.inputSchema.properties as Record<string, unknown>).size_gt).toEqual({ type: 'integer', exclusiveMinimum: 0 });
    const upload = tool(result, 'uploadFile');
    expect(upload.operation.body).toEqual({ property: 'body', mediaType: 'multipart/form-data', encoding: 'multipart', required: true, binaryFields: ['file'] });
    expect((upload.inputSchema.properties as Record<string, Record<string, unknown>>).body).toMatchObject({
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', contentEncoding: 'base64' }, comment: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
    });
    const replace = tool(result, 'replaceFile');
    expect(replace.operation.body).toMatchObject({ encoding: 'json', mediaType: 'application/json', required: true });
    const meta = (replace.inputSchema.properties as Record<string, Record<string, Record<string, unknown>>>).body?.properties;
    expect(meta?.description).toEqual({ type: ['string', 'null'] });
    expect(tool(result, 'renameFile').operation).toMatchObject({ body: { encoding: 'form' }, security: [['key']] });
    expect(list.operation.security).toEqual([['basicAuth']]);
    expect(result.securitySchemes.map((scheme) => scheme.suggested)).toEqual([
      { kind: 'basic' },
      { kind: 'apiKey', in: 'query', name: 'api_key' },
      {
        kind: 'oauth2',
        flows: [{ flow: 'authorizationCode', authorizationUrl: 'https://files.example.com/oauth/authorize', tokenUrl: 'https://files.example.com/oauth/token', scopes: ['files:read', 'files:write'] }],
        note: expect.any(String) as unknown as string,
      },
    ]);
    expect(invalidSchemas(result.tools)).toEqual([]);
  });
});

describe('convertSpec: recursion and composition', () => {
  it('cuts recursive schemas with a named placeholder and resolves external files', async () => {
    const result = await importFixture('recursive.yaml');
    const tree = (tool(result, 'createTree').inputSchema.properties as Record<string, Record<string, Record<string, Record<string, unknown>>>>).body;
    expect(tree?.properties?.children).toEqual({ type: 'array', items: { type: 'object', description: 'recursive: TreeNode; same shape as the enclosing one' } });
    expect(tree?.properties?.parent).toEqual({ type: 'object', description: 'recursive: TreeNode; same shape as the enclosing one' });
    const person = JSON.stringify(tool(result, 'createPerson').inputSchema); // no cycles left
    expect(person).toContain('recursive: Person');
    expect((tool(result, 'createLabel').inputSchema.properties as Record<string, unknown>).body).toEqual({
      type: 'object',
      properties: { text: { type: 'string', maxLength: 40 }, color: { type: 'string', enum: ['red', 'blue'] } },
      required: ['text'],
    });
    expect(invalidSchemas(result.tools)).toEqual([]);
  });

  it('keeps oneOf / allOf / anyOf / not and drops OpenAPI-only keywords', async () => {
    const result = await importFixture('composition.yaml');
    const shape = (tool(result, 'createShape').inputSchema.properties as Record<string, Record<string, unknown>>).body;
    expect(shape?.oneOf).toHaveLength(2);
    expect(shape).not.toHaveProperty('discriminator');
    const label = JSON.stringify(tool(result, 'putLabel').inputSchema);
    for (const dropped of ['discriminator', 'xml', 'x-internal', 'readOnly', 'nullable']) expect(label).not.toContain(dropped);
    const parts = ((tool(result, 'putLabel').inputSchema.properties as Record<string, Record<string, unknown>>).body?.allOf ?? []) as Array<Record<string, Record<string, unknown>>>;
    expect(parts[0]?.properties).toEqual({ createdBy: { type: 'string' } });
    expect(parts[1]?.properties).toMatchObject({
      text: { type: ['string', 'null'] },
      weight: { type: 'number', exclusiveMinimum: 0 },
      anything: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      notString: { not: { type: 'string' } },
    });
    expect(invalidSchemas(result.tools)).toEqual([]);
  });
});

describe('convertSpec: parameters, names and skipping', () => {
  it('records where each argument goes and resolves name collisions', async () => {
    const result = await importFixture('params.yaml');
    const item = tool(result, 'getItem');
    expect(item.operation.params.map((param) => `${param.property}<-${param.in}:${param.name}`)).toEqual([
      'id<-path:id', 'query_id<-query:id', 'body<-query:body', 'filter_name_<-query:filter[name]', 'tags<-query:tags', 'ids<-query:ids',
      'words<-query:words', 'pipes<-query:pipes', 'range<-query:range', 'point<-query:point', 'q<-query:q', 'redirect<-query:redirect',
      'X-Request-Id<-header:X-Request-Id', 'X-Flags<-header:X-Flags', 'session<-cookie:session', 'theme<-cookie:theme',
    ]);
    const properties = item.inputSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.query_id?.description).toBe('A query id that collides with the path id (Sent as query parameter "id".)');
    expect(item.inputSchema.required).toEqual(['id', 'X-Request-Id']);
    expect(item.operation.params.find((param) => param.name === 'q')?.json).toBe(true);
  });

  it('skips the operation it cannot convert, de-duplicates names and names operations without an id', async () => {
    const result = await importFixture('params.yaml');
    expect(result.skipped).toEqual([
      { operation: 'GET /undeclared/{thing} (undeclaredPathParam)', reason: 'the path uses {thing} but no path parameter "thing" is declared; add it under "parameters" with in: path' },
    ]);
    const names = result.tools.map((item) => item.name);
    expect(names).toContain('sameName');
    expect(names).toContain('sameName_2');
    expect(names).toContain('get_no-operation-id_ownerId_repos');
    expect(invalidSchemas(result.tools)).toEqual([]);
  });

  it('filters by tag, path glob, method and operation name', async () => {
    const byTag = await importFixture('petstore.yaml', { include: { tags: ['store'] } });
    expect(byTag.tools.map((item) => item.name)).toEqual(['getInventory', 'placeOrder', 'getOrderById', 'deleteOrder']);
    expect(byTag.filteredOut).toBe(10);
    const noDeletes = await importFixture('petstore.yaml', { include: { paths: ['/pet/**'] }, exclude: { methods: ['DELETE', 'put'] } });
    expect(noDeletes.tools.map((item) => item.name)).toEqual(['findPetsByStatus', 'findPetsByTags', 'getPetById', 'updatePetWithForm', 'uploadFile']);
    const oneSegment = await importFixture('petstore.yaml', { include: { paths: ['/pet/*'], methods: ['get'] } });
    expect(oneSegment.tools.map((item) => item.name)).toEqual(['findPetsByStatus', 'findPetsByTags', 'getPetById']);
    const named = await importFixture('petstore.yaml', { include: { operations: ['loginUser', 'getInventory'] } });
    expect(named.tools.map((item) => item.name)).toEqual(['getInventory', 'loginUser']);
  });
});

describe('convertSpec: form, text and binary bodies', () => {
  it('marks multipart file fields as base64 and picks each body encoding', async () => {
    const result = await importFixture('forms.yaml');
    expect(result.tools.map((item) => [item.name, item.operation.body?.encoding, item.operation.body?.mediaType])).toEqual([
      ['subscribe', 'form', 'application/x-www-form-urlencoded'],
      ['uploadAvatar', 'multipart', 'multipart/form-data'],
      ['putRawNote', 'text', 'text/plain'],
      ['putBlob', 'binary', 'application/octet-stream'],
    ]);
    const avatar = tool(result, 'uploadAvatar');
    expect(avatar.operation.body?.binaryFields).toEqual(['image']);
    expect((avatar.inputSchema.properties as Record<string, Record<string, Record<string, unknown>>>).body?.properties?.image).toEqual({
      type: 'string', contentEncoding: 'base64', description: 'File content, base64-encoded. PNG or JPEG',
    });
    expect((tool(result, 'putBlob').inputSchema.properties as Record<string, unknown>).body).toMatchObject({ type: 'string', contentEncoding: 'base64' });
    expect(invalidSchemas(result.tools)).toEqual([]);
  });
});
