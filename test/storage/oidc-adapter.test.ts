import { describe, expect, it } from 'vitest';
import { createOidcAdapter } from '../../src/oidc/adapter.js';
import type { ServiceContext } from '../../src/services/context.js';
import { backendsUnderTest } from '../helpers/services.js';
import { at, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('oidc-provider adapter', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    let clock = T0;
    const adapter = (model: string) => {
      const Adapter = createOidcAdapter({ stores: t.stores, now: () => clock } as unknown as ServiceContext);
      return new Adapter(model);
    };

    it('stores a payload by (model, id) and replaces it on upsert', async () => {
      clock = T0;
      const codes = adapter('AuthorizationCode');
      await codes.upsert('c1', { jti: 'c1', grantId: 'g1', accountId: 'u1', clientId: 'app' }, 60);
      expect(await codes.find('c1')).toEqual({ jti: 'c1', grantId: 'g1', accountId: 'u1', clientId: 'app' });
      await codes.upsert('c1', { jti: 'c1', grantId: 'g1', scope: 'openid' }, 60);
      expect(await codes.find('c1')).toEqual({ jti: 'c1', grantId: 'g1', scope: 'openid' });
      // The same id under another model is another record.
      expect(await adapter('AccessToken').find('c1')).toBeUndefined();
    });

    it('never returns an expired record; the sweep deletes it', async () => {
      clock = T0;
      const tokens = adapter('AccessToken');
      await tokens.upsert('short', { jti: 'short' }, 10);
      clock = at(9);
      expect(await tokens.find('short')).toEqual({ jti: 'short' });
      clock = at(10);
      expect(await tokens.find('short')).toBeUndefined();
      expect(await t.stores.oidcPayloads.sweepExpired(at(10))).toBeGreaterThanOrEqual(1);
      const left = await t.stores.database.db
        .selectFrom('oidc_payloads')
        .select('id')
        .where('id', '=', 'short')
        .execute();
      expect(left).toEqual([]);
    });

    it('marks a record consumed once, and the payload says when', async () => {
      clock = T0;
      const codes = adapter('AuthorizationCode');
      await codes.upsert('c2', { jti: 'c2' }, 60);
      clock = at(5);
      await codes.consume('c2');
      clock = at(7);
      await codes.consume('c2');
      expect(await codes.find('c2')).toEqual({ jti: 'c2', consumed: T0.getTime() / 1000 + 5 });
    });

    it('finds sessions by uid and device codes by user code', async () => {
      clock = T0;
      await adapter('Session').upsert('s1', { jti: 's1', uid: 'uid-1', accountId: 'u1' }, 600);
      expect(await adapter('Session').findByUid('uid-1')).toMatchObject({ jti: 's1' });
      expect(await adapter('Session').findByUid('uid-2')).toBeUndefined();
      await adapter('DeviceCode').upsert('d1', { jti: 'd1', userCode: 'ABCD-EFGH' }, 600);
      expect(await adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toMatchObject({ jti: 'd1' });
    });

    it('revokes every code and token of a grant, and nothing else', async () => {
      clock = T0;
      await adapter('AccessToken').upsert('a1', { jti: 'a1', grantId: 'grant-x' }, 600);
      await adapter('RefreshToken').upsert('r1', { jti: 'r1', grantId: 'grant-x' }, 600);
      await adapter('AccessToken').upsert('a2', { jti: 'a2', grantId: 'grant-y' }, 600);
      await adapter('AccessToken').revokeByGrantId('grant-x');
      expect(await adapter('AccessToken').find('a1')).toBeUndefined();
      expect(await adapter('RefreshToken').find('r1')).toBeUndefined();
      expect(await adapter('AccessToken').find('a2')).toMatchObject({ jti: 'a2' });
      await adapter('AccessToken').destroy('a2');
      expect(await adapter('AccessToken').find('a2')).toBeUndefined();
    });

    it('reads applications from the clients table: no secret in clear, exact redirect URIs', async () => {
      clock = T0;
      await t.stores.oidcClients.create({
        clientId: 'app-1',
        name: 'App',
        secretHash: 'salt.mac',
        redirectUris: ['https://app.example/cb'],
        postLogoutRedirectUris: [],
        type: 'confidential',
        firstParty: false,
        requireMfa: true,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await adapter('Client').find('app-1')).toMatchObject({
        client_id: 'app-1',
        client_secret: 'salt.mac',
        redirect_uris: ['https://app.example/cb'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      });
      expect(await adapter('Client').find('nope')).toBeUndefined();
    });
  });
}
