import { Controller, Get, UnauthorizedException, UseFilters } from '@nestjs/common';
import { ChallengeFilter } from '../filters/forbidden.filter';

@Controller('admin')
@UseFilters(ChallengeFilter)
export class AdminController {
  @Get()
  list() {
    // ok(missing-www-authenticate): the controller's own filter answers it
    throw new UnauthorizedException();
  }
}
