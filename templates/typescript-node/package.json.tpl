{
  "name": "{{service}}",
  "version": "{{version}}",
  "description": {{{descriptionJson}}},
  "private": true,
  "type": "module",
  "main": "dist/src/server.js",
  "scripts": {
    "build": "tsc -p tsconfig.json",
    "test": "node --test dist/test/*.test.js",
    "start": "node dist/src/server.js"
  },
  "engines": {
    "node": ">=20"
  },
  "dependencies": {
    "ws": "8.18.3"
  },
  "devDependencies": {
    "@types/node": "20.19.25",
    "@types/ws": "8.18.1",
    "typescript": "7.0.2"
  }
}
