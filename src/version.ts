/** The mailtrail version, recorded in every case manifest and report. */
export const VERSION = '0.1.0';
