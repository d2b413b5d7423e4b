import { PageCursor, PageLimit } from '../http/pagination.decorators';

export class ListApiKeysRequest {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}
