import type { deviceCalls, ServerCertificate } from '../../common/devices-contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { Driver } from '../../drivers/api.ts';
import { isCertificateTrust, isOwnCertificate, type CertificateTrust, type OwnCertificate } from '../../drivers/opcua/certificates.ts';
import type { ClientContext, Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type DeviceHandlers = { [C in keyof typeof deviceCalls]: Handler<C> };

/**
 * The `devices.*` calls of the Devices view: capabilities, browse, server certificates and trust
 * (permission devices.trust, checked by the gateway; each decision is audited).
 */
export function createDeviceHandlers(services: GatewayServices): DeviceHandlers {
  const { devices } = services;

  /** The running driver of a known device, or why there is none. */
  const running = (name: string): Result<{ driver: Driver; kind: string }> => {
    const info = devices.get(name);
    if (!info) return fail('not-found', `no device ${name}`, 'device');
    const driver = devices.driverOf(name);
    if (!driver) return fail('device-offline', `device ${name} is not running (it is disabled in the project)`, 'device');
    return ok({ driver, kind: info.driver });
  };

  const trustOf = (name: string): Result<CertificateTrust> => {
    const found = running(name);
    if (!found.ok) return found;
    const { driver, kind } = found.value;
    if (!isCertificateTrust(driver)) {
      return fail('bad-request', `device ${name} (driver ${kind}) has no server certificates: only OPC UA devices do`, 'device');
    }
    return ok(driver);
  };

  const ownOf = (name: string): Result<OwnCertificate> => {
    const found = running(name);
    if (!found.ok) return found;
    const { driver, kind } = found.value;
    if (!isOwnCertificate(driver)) return fail('bad-request', `device ${name} (driver ${kind}) uses no application certificate: only OPC UA devices do`, 'device');
    return ok(driver);
  };

  const decide = async (client: ClientContext, device: string, thumbprint: string, how: 'trust' | 'reject'): Promise<Result<ServerCertificate[]>> => {
    const trust = trustOf(device);
    if (!trust.ok) return trust;
    const wanted = thumbprint.replaceAll(':', '').toLowerCase();
    const known = await trust.value.listServerCertificates();
    if (!known.some((c) => c.thumbprint === wanted)) {
      return fail('not-found', `device ${device} has met no server certificate with thumbprint ${wanted}`, 'thumbprint');
    }
    if (how === 'trust') await trust.value.trust(wanted);
    else await trust.value.reject(wanted);
    services.audit.record({
      user: client.user.name,
      role: client.user.role,
      station: client.station,
      action: how === 'trust' ? 'devices.trustCertificate' : 'devices.rejectCertificate',
      target: device,
      newValue: { thumbprint: wanted },
    });
    return ok(await trust.value.listServerCertificates());
  };

  return {
    'devices.capabilities': ({ device }) => {
      const found = running(device);
      if (!found.ok) {
        // A disabled device can do nothing, but it exists: answer plainly rather than fail.
        return found.error.code === 'device-offline' ? ok({ device, browse: false, certificates: false }) : found;
      }
      const { driver } = found.value;
      return ok({ device, browse: typeof driver.browse === 'function', certificates: isCertificateTrust(driver) });
    },
    'devices.browse': async ({ device, browsePath }) => {
      const found = running(device);
      if (!found.ok) return found;
      const { driver, kind } = found.value;
      if (typeof driver.browse !== 'function') {
        return fail('bad-request', `device ${device} (driver ${kind}) cannot be browsed: its driver has no address space to list`, 'device');
      }
      return driver.browse(browsePath);
    },
    'devices.certificates': async ({ device }) => {
      const trust = trustOf(device);
      return trust.ok ? ok(await trust.value.listServerCertificates()) : trust;
    },
    'devices.trustCertificate': ({ device, thumbprint }, client) => decide(client, device, thumbprint, 'trust'),
    'devices.rejectCertificate': ({ device, thumbprint }, client) => decide(client, device, thumbprint, 'reject'),
    'devices.ownCertificate': async ({ device }) => {
      const own = ownOf(device);
      return own.ok ? ok((await own.value.ownCertificate()) ?? null) : own;
    },
    'devices.renewCertificate': async ({ device }, client) => {
      const own = ownOf(device);
      if (!own.ok) return own;
      const before = await own.value.ownCertificate();
      const renewed = await own.value.renewOwnCertificate();
      services.audit.record({
        user: client.user.name,
        role: client.user.role,
        station: client.station,
        action: 'devices.renewCertificate',
        target: device,
        ...(before ? { oldValue: { thumbprint: before.thumbprint, subject: before.subject } } : {}),
        newValue: { thumbprint: renewed.thumbprint, subject: renewed.subject },
      });
      return ok(renewed);
    },
    'devices.describeAddress': ({ device, address, options, dataType }) => {
      const resolved = devices.describeAddress(device, address, options, dataType);
      if (!resolved) return fail('not-found', `no device ${device}`, 'device');
      return ok(resolved.ok ? { ok: true, text: resolved.value } : { ok: false, text: resolved.error.message });
    },
  };
}
