/**
 * The transfer engine's core, free of Kafka and HTTP-server code: real, resumable HTTP(S)
 * downloads of job files (SPEC §8) and the file operations of Complete and Cancel.
 *
 * <ul>
 *   <li>{@link io.copyjobs.transfer.FileDownloader} fetches one file into
 *       {@code <jobDir>/<localName>.part}, resuming with {@code Range}/{@code If-Range}, and answers a
 *       {@link io.copyjobs.transfer.DownloadResult}.</li>
 *   <li>{@link io.copyjobs.transfer.AddressRules} is {@code COPYJOBS_TRANSFER_DENY}, checked after
 *       DNS resolution before every connection and redirect hop.</li>
 *   <li>{@link io.copyjobs.transfer.JobDirectory} places a job's files and keeps local names inside
 *       it; {@link io.copyjobs.transfer.Completer} renames or deletes them at Complete and Cancel.</li>
 * </ul>
 *
 * <p>The errors a download reports (context; T = transient, the job retries; F = fatal, ERROR):
 * <table>
 *   <caption>Transfer errors</caption>
 *   <tr><th>code</th><th>HRESULT</th><th>context</th><th></th><th>when</th></tr>
 *   <tr><td>BG_E_NETWORK_DISCONNECTED</td><td>0x80200010</td><td>GENERAL_TRANSPORT</td><td>T</td>
 *       <td>refused or dropped connection, timeout, a body silent for the stall timeout, a name that
 *       does not resolve; through a job's proxies, the error of the last one tried when none could
 *       carry the request</td></tr>
 *   <tr><td>BG_E_HTTP_ERROR_nnn</td><td>0x80190000 + nnn</td><td>REMOTE_FILE</td><td>T</td>
 *       <td>5xx, 408, 429</td></tr>
 *   <tr><td>BG_E_HTTP_ERROR_nnn</td><td>0x80190000 + nnn</td><td>REMOTE_FILE</td><td>F</td>
 *       <td>any other status that is not 200/206, a redirect that cannot be followed, more than
 *       10 redirects</td></tr>
 *   <tr><td>BG_E_HTTP_ERROR_407</td><td>0x80190197</td><td>REMOTE_FILE</td><td>F</td>
 *       <td>the proxy asks for credentials (none sent, or refused); says which</td></tr>
 *   <tr><td>CJ_E_TRANSFER_DENIED</td><td>0xA0C10008</td><td>REMOTE_FILE</td><td>F</td>
 *       <td>the host, or one of its addresses, is on the deny list (first hop or a redirect, also
 *       through a proxy), or a job's own proxy is</td></tr>
 *   <tr><td>CJ_E_FILE_TOO_LARGE</td><td>0xA0C10009</td><td>REMOTE_FILE</td><td>F</td>
 *       <td>over {@code COPYJOBS_MAX_FILE_BYTES}, by the headers or by count</td></tr>
 *   <tr><td>CJ_E_CHECKSUM_MISMATCH</td><td>0xA0C1000A</td><td>REMOTE_FILE</td><td>F</td>
 *       <td>the file's SHA-256 is not the one the job gave; the description names the file</td></tr>
 *   <tr><td>ERROR_DISK_FULL</td><td>0x80070070</td><td>LOCAL_FILE</td><td>F</td>
 *       <td>a write failed with less than 1 MiB free</td></tr>
 *   <tr><td>CJ_E_LOCAL_FILE</td><td>0xA0C1000B</td><td>LOCAL_FILE</td><td>F</td>
 *       <td>any other failure to write the part file</td></tr>
 *   <tr><td>E_INVALIDARG</td><td>0x80070057</td><td>LOCAL_FILE / REMOTE_FILE</td><td>F</td>
 *       <td>a local name that would leave the job directory, a remote URL that does not parse</td></tr>
 * </table>
 Every code but the {@code BG_E_HTTP_ERROR_nnn} family is a constant of the one registry,
 * {@code io.copyjobs.job.ErrorCode}; {@code DO_E_DOWNLOAD_NO_PROGRESS} is the job step's to report,
 * from the progress it receives.
 */
package io.copyjobs.transfer;
