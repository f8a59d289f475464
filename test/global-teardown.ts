export default async function globalTeardown() {
  await globalThis.__testDb?.stop();
}
