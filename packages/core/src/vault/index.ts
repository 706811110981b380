export * from './vaultCipher';
export * from './vaultKeyText';
export * from './vaultKeyFile';
export * from './secretName';
