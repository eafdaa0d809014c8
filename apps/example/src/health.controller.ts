import { Controller, Get } from '@nestjs/common';
import { AppRuntime } from './app-runtime.js';

/** Liveness, open to everyone (outside /api, so the bearer token is not asked for). */
@Controller()
export class HealthController {
  constructor(private readonly runtime: AppRuntime) {}

  @Get('healthz')
  health() {
    return { status: 'ok', providers: this.runtime.providers.modes };
  }
}
