import { IsOptional, ValidationError } from 'class-validator';
import { fieldErrorsOf, validateRequest } from './request-validation';
import { IsNested, IsText } from './request-fields';

const error = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
  value: unknown = 'given',
) => ({ property, constraints, children, value }) as ValidationError;

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

  it('names a required field that is missing once, as required, whatever rules it fails; a null by its rules', () => {
    const missing = { isInt: 'legalDays must be an integer number', min: 'legalDays must not be less than 1' };
    expect(
      fieldErrorsOf([
        { property: 'legalDays', constraints: missing, children: [], value: undefined },
        error('name', { isString: 'name must be a string' }, [], null),
        error('colour', { whitelistValidation: 'property colour should not exist' }, [], null),
      ]),
    ).toEqual({
      legalDays: ['legalDays is required'],
      name: ['name must be a string'],
      colour: ['property colour should not exist'],
    });
  });

  it('files an error about the whole body under "body"', () => {
    expect(fieldErrorsOf([error('', { unknownValue: 'an unknown value was passed' })])).toEqual({
      body: ['an unknown value was passed'],
    });
  });
});

class Part {
  @IsText()
  title!: string;
}

class Body {
  @IsText(20)
  name!: string;

  @IsOptional()
  @IsNested(() => Part, { each: true })
  parts?: Part[];
}

describe('validateRequest', () => {
  it('answers an instance of the request class for a valid body', () => {
    const check = validateRequest(Body, { name: '城管局', parts: [{ title: '第一条' }] });
    expect(check).toEqual({ value: expect.any(Body) });
    expect('value' in check && check.value.parts?.[0]).toBeInstanceOf(Part);
  });

  it('names every field at fault as the API does, unknown fields included', () => {
    expect(validateRequest(Body, { name: ' ', parts: [{ title: 'x' }, {}], colour: 'red' })).toEqual({
      fieldErrors: {
        name: ['name must be a non-empty text of at most 20 characters'],
        'parts.1.title': ['title is required'],
        colour: ['property colour should not exist'],
      },
    });
  });

  it('refuses text that no record may hold before looking at the rules', () => {
    expect(validateRequest(Body, { name: 'a\u0000b' })).toEqual({
      fieldErrors: { name: ['name contains the control character U+0000'] },
    });
  });

  it('is not fooled by a body that is not an object', () => {
    expect(validateRequest(Body, null)).toEqual({ fieldErrors: { body: ['the request body must be a JSON object'] } });
  });
});
