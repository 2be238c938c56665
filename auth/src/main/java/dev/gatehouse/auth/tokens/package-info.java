/**
 * Bound service account tokens, interchangeable with kube-apiserver's.
 *
 * <ul>
 *   <li>Keys: {@link dev.gatehouse.auth.tokens.KeySet} (PEM files: the first private key signs, all verify),
 *       {@link dev.gatehouse.auth.tokens.KeyIds} (kid = base64url(SHA-256(PKIX DER))),
 *       {@link dev.gatehouse.auth.tokens.KeyGenerator}.</li>
 *   <li>Issuing: {@link dev.gatehouse.auth.tokens.TokenIssuer} (TokenRequest semantics) and the transport-free
 *       {@link dev.gatehouse.auth.tokens.TokenRequestResponder} for
 *       {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}.</li>
 *   <li>Verifying: {@link dev.gatehouse.auth.tokens.TokenVerifier} (upstream's order and messages, cached) giving a
 *       {@link dev.gatehouse.auth.tokens.VerificationResult}; the TokenReview webhook
 *       {@link dev.gatehouse.auth.tokens.TokenReviewResponder}; {@link dev.gatehouse.auth.tokens.RevocationList}.</li>
 *   <li>Discovery: {@link dev.gatehouse.auth.tokens.IssuerDiscovery} (openid-configuration and JWKS).</li>
 *   <li>Cluster objects: {@link dev.gatehouse.auth.tokens.TokenObjects}, {@link dev.gatehouse.auth.tokens.StaticTokenObjects}.</li>
 *   <li>Clients: {@link dev.gatehouse.auth.tokens.ProjectedTokenSource} re-reads a projected token file by the
 *       kubelet's rotation rule.</li>
 * </ul>
 */
package dev.gatehouse.auth.tokens;
