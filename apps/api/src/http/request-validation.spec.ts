import { ValidationError } from '@nestjs/common';
import { fieldErrorsOf } from './request-validation';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []) =>
  ({ property, constraints, children }) as ValidationError;

describe('fieldErrorsOf', () => {
  it('names nested fields by dotted path, array items by index', () => {
    const errors = [
      error('name', { isNotEmpty: 'name should not be empty', isString: 'name must be a string' }),
      error('legalBasis', undefined, [
        error('0', undefined, [error('title', { isNotEmpty: 'title should not be empty' })]),
      ]),
      error('colour', { whitelistValidation: 'property colour should not exist' }),
    ];
    expect(fieldErrorsOf(errors)).toEqual({
      name: ['name should not be empty', 'name must be a string'],
      'legalBasis.0.title': ['title should not be empty'],
      colour: ['property colour should not exist'],
    });
  });

  it('files an error about the whole body under "body"', () => {
    expect(fieldErrorsOf([error('', { unknownValue: 'an unknown value was passed' })])).toEqual({
      body: ['an unknown value was passed'],
    });
  });
});
