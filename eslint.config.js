import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Imports that would tie the pure domain to an SDK, the network, the file system or the environment. */
const impureModules = {
  patterns: [
    { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*', 'jsforce', 'jsforce/*', '@hubspot/*'], message: 'shared/domain is pure: vendor and AWS SDKs belong in shared/adapters.' },
    { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process', 'os'], message: 'shared/domain is pure: no I/O or platform modules.' },
    { regex: '^(#(?!domain/)|\\.\\./)', message: 'shared/domain imports only shared/domain.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.syncline/', 'bench-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', impureModules],
      'no-restricted-globals': ['error', { name: 'process', message: 'shared/domain reads no environment: pass values in.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'shared/domain takes time as an argument (Clock port).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/domain takes time as an argument (Clock port).' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'shared/domain takes ids as arguments.' },
      ],
    },
  },
);
