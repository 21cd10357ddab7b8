//! TLS trust for every connection skua makes (HTTP requests and the stream): what the system
//! trusts, through the platform verifier, loaded on the first TLS handshake. A plain-HTTP
//! loopback server (the demo, the tests) never reads the certificate store, and nothing waits
//! for it before the first frame.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// A client configuration offering `alpn` (e.g. `h2`, `http/1.1`), trusting what the system
/// trusts.
pub fn client_config(alpn: &[&[u8]]) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("the default protocol versions are supported by the default provider")
        .dangerous()
        .with_custom_certificate_verifier(verifier(provider))
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    config
}

/// One verifier for the process: the certificate store is read once.
fn verifier(provider: Arc<CryptoProvider>) -> Arc<LazyVerifier> {
    static VERIFIER: OnceLock<Arc<LazyVerifier>> = OnceLock::new();
    VERIFIER
        .get_or_init(|| {
            Arc::new(LazyVerifier {
                provider,
                platform: OnceLock::new(),
            })
        })
        .clone()
}

/// The platform verifier, made when a certificate is first checked.
#[derive(Debug)]
struct LazyVerifier {
    provider: Arc<CryptoProvider>,
    platform: OnceLock<Result<rustls_platform_verifier::Verifier, rustls::Error>>,
}

impl LazyVerifier {
    fn platform(&self) -> Result<&rustls_platform_verifier::Verifier, rustls::Error> {
        self.platform
            .get_or_init(|| {
                tracing::debug!("reading the system's trusted certificates");
                rustls_platform_verifier::Verifier::new(self.provider.clone())
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl ServerCertVerifier for LazyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.platform()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificates_are_checked_by_the_system_only_when_one_is_presented() {
        let verifier = verifier(Arc::new(rustls::crypto::ring::default_provider()));
        let config = client_config(&[b"http/1.1"]);
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        assert!(
            verifier.platform.get().is_none(),
            "nothing read to make a client"
        );
        let name = ServerName::try_from("mastodon.example").unwrap();
        let garbage = CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x00]);
        let refused = verifier.verify_server_cert(&garbage, &[], &name, &[], UnixTime::now());
        assert!(
            refused.is_err(),
            "a certificate the system does not trust is refused"
        );
        assert!(!verifier.supported_verify_schemes().is_empty());
    }
}
