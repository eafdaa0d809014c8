import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GRANTKIT,
  Grantkit,
  GrantkitModule,
  InjectGrantkit,
  type GrantkitModuleOptions,
  type GrantRequestInput,
  type GrantkitOptionsFactory,
} from '../src/index.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

let setup: TestSetup;
beforeEach(async () => {
  setup = await startTestSetup();
});
afterEach(async () => {
  await setup.stop();
});

/** A ConfigService-style settings source, the way @nestjs/config is used. */
@Injectable()
class SettingsService {
  constructor(@Inject('SETTINGS') private readonly values: Record<string, unknown>) {}
  get<T>(key: string): T {
    return this.values[key] as T;
  }
}

function settingsModule(values: Record<string, unknown>) {
  @Module({ providers: [SettingsService, { provide: 'SETTINGS', useValue: values }], exports: [SettingsService] })
  class SettingsModule {}
  return SettingsModule;
}

/** A user's service: one by token, one by type (needs design:paramtypes). */
@Injectable()
class OnboardingService {
  constructor(
    @InjectGrantkit() readonly byToken: Grantkit,
    readonly byType: Grantkit,
  ) {}

  async onboard(request: GrantRequestInput) {
    return this.byToken.grant(request);
  }
}

describe('GrantkitModule.forRoot', () => {
  it('provides one Grantkit under the token and the class', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [GrantkitModule.forRoot(setup.options)] }).compile();
    const grantkit = moduleRef.get<Grantkit>(GRANTKIT);
    expect(grantkit).toBeInstanceOf(Grantkit);
    expect(moduleRef.get(Grantkit)).toBe(grantkit);
    expect(grantkit.capabilities().map((c) => c.provider)).toEqual(['atomicwork', 'seam', 'zitadel']);
    await moduleRef.close();
  });

  it('injects into a user service, by token and by type', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot(setup.options)],
      providers: [OnboardingService],
    }).compile();
    const service = moduleRef.get(OnboardingService);
    expect(service.byToken).toBeInstanceOf(Grantkit);
    expect(service.byType).toBe(service.byToken);
    const result = await service.onboard(setup.grantRequest);
    expect(result.outcome).toBe('created');
    expect((await service.byType.get(result.grant.id)).status).toBe('active');
    await moduleRef.close();
  });

  it('fails at startup with the core ConfigError when the options cannot work', async () => {
    const builder = Test.createTestingModule({ imports: [GrantkitModule.forRoot({ providers: {} })] });
    await expect(builder.compile()).rejects.toThrow(/at least one provider/);
  });
});

describe('GrantkitModule.forRootAsync', () => {
  it('builds the options with a ConfigService-style factory', async () => {
    const store = setup.options.store;
    const moduleRef = await Test.createTestingModule({
      imports: [
        GrantkitModule.forRootAsync({
          imports: [settingsModule({ GRANTKIT_SWEEP_MS: 1234, providers: setup.options.providers })],
          inject: [SettingsService],
          useFactory: async (settings: SettingsService): Promise<GrantkitModuleOptions> => ({
            providers: settings.get('providers'),
            store,
            scheduler: { enabled: false, intervalMs: settings.get<number>('GRANTKIT_SWEEP_MS') },
          }),
        }),
      ],
      providers: [OnboardingService],
    }).compile();
    const result = await moduleRef.get(OnboardingService).onboard(setup.grantRequest);
    expect(result.grant.provider).toBe('zitadel');
    await moduleRef.close();
  });

  it('takes useClass and useExisting options factories', async () => {
    const options = setup.options;
    @Injectable()
    class GrantkitConfig implements GrantkitOptionsFactory {
      createGrantkitOptions() {
        return options;
      }
    }
    const viaClass = await Test.createTestingModule({
      imports: [GrantkitModule.forRootAsync({ useClass: GrantkitConfig })],
    }).compile();
    expect(viaClass.get(GRANTKIT)).toBeInstanceOf(Grantkit);
    await viaClass.close();

    @Module({ providers: [GrantkitConfig], exports: [GrantkitConfig] })
    class ConfigModule {}
    const viaExisting = await Test.createTestingModule({
      imports: [GrantkitModule.forRootAsync({ imports: [ConfigModule], useExisting: GrantkitConfig })],
    }).compile();
    expect(viaExisting.get(GRANTKIT)).toBeInstanceOf(Grantkit);
    await viaExisting.close();
  });
});

describe('isGlobal', () => {
  function featureModule() {
    @Module({ providers: [OnboardingService], exports: [OnboardingService] })
    class FeatureModule {}
    return FeatureModule;
  }

  it('lets a module that does not import GrantkitModule inject the Grantkit', async () => {
    const Feature = featureModule();
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, isGlobal: true }), Feature],
    }).compile();
    expect(moduleRef.get(OnboardingService).byToken).toBeInstanceOf(Grantkit);
    await moduleRef.close();
  });

  it('keeps the Grantkit to importing modules by default', async () => {
    const Feature = featureModule();
    const builder = Test.createTestingModule({ imports: [GrantkitModule.forRoot(setup.options), Feature] });
    await expect(builder.compile()).rejects.toThrow(/can't resolve dependencies of the OnboardingService/i);
  });

  it('works with forRootAsync too', async () => {
    const Feature = featureModule();
    const options = setup.options;
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRootAsync({ isGlobal: true, useFactory: () => options }), Feature],
    }).compile();
    expect(moduleRef.get(OnboardingService).byType).toBeInstanceOf(Grantkit);
    await moduleRef.close();
  });
});
