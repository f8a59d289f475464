/** The database key behind a Relay global id (`base64url("<Type>:<key>")`). */
export const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];
