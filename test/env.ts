// Decorator metadata must exist before any module with type-graphql or MikroORM decorators loads.
import 'reflect-metadata';
// Every test process signs and verifies tokens with the same secret.
process.env.NODE_ENV = 'test';
process.env.JWT_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
// The server key of webhook signing secrets (src/webhooks/secrets.ts): production refuses to start without its own.
process.env.WEBHOOK_SECRET_KEY ??= '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
