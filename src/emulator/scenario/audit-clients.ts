/**
 * The clients of the scenario as the audit sources describe them: for each Activities
 * `AppIdType`, the `ClientInfoString` of its mailbox records, the Entra client application it
 * signs in with, and the `clientAppUsed`, operating system and browser of its sign-ins.
 *
 * @module
 */
import type { ClientProfile } from './audit-session.js';
import { APP } from './audit-vocabulary.js';
import { MOBILE_UA, OUTLOOK_UA } from './vocabulary.js';

function browserOf(ua: string): { os: string; browser: string } {
  const os = /Windows/.test(ua)
    ? 'Windows 10'
    : /Linux/.test(ua)
      ? 'Linux'
      : /Mac OS/.test(ua)
        ? 'MacOs'
        : '';
  const ff = /Firefox\/([\d.]+)/.exec(ua);
  const chrome = /Chrome\/([\d.]+)/.exec(ua);
  return { os, browser: ff ? `Firefox ${ff[1]}` : chrome ? `Chrome ${chrome[1]}` : 'Unknown' };
}

/** The client profile of an Activities `AppIdType` (`userAgent`: the browser, for Web). */
export function clientProfile(app: string, userAgent: string): ClientProfile {
  switch (app) {
    case 'Outlook':
      return {
        app,
        clientInfoString: 'Client=MSExchangeRPC',
        userAgent: OUTLOOK_UA,
        appId: APP.office,
        appDisplayName: 'Microsoft Office',
        clientAppUsed: 'Mobile Apps and Desktop clients',
        operatingSystem: 'Windows 10',
        browser: 'Rich Client 16.0.9330',
      };
    case 'Mobile':
      return {
        app,
        clientInfoString: 'Client=OutlookService;Outlook-iOS/2.0;',
        userAgent: MOBILE_UA,
        appId: APP.outlookMobile,
        appDisplayName: 'Microsoft Outlook',
        clientAppUsed: 'Mobile Apps and Desktop clients',
        operatingSystem: 'Ios',
        browser: 'Rich Client 2.0',
      };
    case 'Web': {
      const b = browserOf(userAgent);
      return {
        app,
        clientInfoString: 'Client=OWA;Action=ViaProxy',
        userAgent,
        appId: APP.owa,
        appDisplayName: 'Office 365 Exchange Online',
        clientAppUsed: 'Browser',
        operatingSystem: b.os,
        browser: b.browser,
      };
    }
    default:
      return {
        app,
        clientInfoString: `Client=${app};Protocol=${app}`,
        userAgent: '',
        appId: APP.exchangeOnline,
        appDisplayName: 'Office 365 Exchange Online',
        clientAppUsed: app,
        operatingSystem: '',
        browser: '',
      };
  }
}
