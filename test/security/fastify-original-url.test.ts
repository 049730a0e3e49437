/**
 * Finding: Fastify keeps the request target as first read in `request.originalUrl`. When a hook
 * before keygate read it (a logger), a key sent in the query string stayed there for the handler
 * after keygate had removed it from `url` and `query`.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createFastifyHook } from '../../src/node/index.js';
import { pizzaGateway } from '../helpers/fixtures.js';

describe('security: Fastify request.originalUrl', () => {
  it('holds no query key for the handler, though a hook read it before keygate', async () => {
    const gw = await pizzaGateway();
    const key = await gw.issue();
    const app = Fastify();
    app.addHook('onRequest', async (request) => void request.originalUrl); // a logger
    app.addHook('onRequest', createFastifyHook(gw.validator));
    app.get('/pizzashack/1.0.0/menu', async (request) => ({ originalUrl: request.originalUrl, url: request.url, query: request.query }));
    const answer = await app.inject({ method: 'GET', url: `/pizzashack/1.0.0/menu?apikey=${key}&x=1` });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).not.toContain(key.slice(-20));
    expect(answer.json()).toEqual({ originalUrl: '/pizzashack/1.0.0/menu?x=1', url: '/pizzashack/1.0.0/menu?x=1', query: { x: '1' } });
    await app.close();
  });
});
