// The virus-scan hook: every upload passes a scanner before anything is written. The default
// accepts everything; a deployment plugs in its scanner (clamd, a vendor API) through
// attachmentsModule({ scanner }). A scanner that fails (rather than rejects) blocks the upload.

export interface ScanVerdict {
  clean: boolean;
  /** Why the file was rejected, shown to the uploader. */
  reason?: string;
}

export interface VirusScanner {
  scan(bytes: Buffer, meta: { fileName: string; mime: string }): Promise<ScanVerdict>;
}

export const acceptAllScanner: VirusScanner = {
  scan: async () => ({ clean: true }),
};
