package org.scoria.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.scoria.image.Image;
import org.scoria.image.ImageData;
import org.scoria.image.ImageService;
import org.scoria.image.ImageServiceException;
import org.scoria.image.NewImage;
import org.scoria.keystone.KeystoneUnavailableException;
import org.scoria.keystone.ServiceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance's v2 API over HTTP. Requests that fail to connect or meet a 5xx are tried again, a
 * second apart, up to the configured number of attempts; an image's data is checked against its
 * {@code os_hash_value} (or, for older images, its MD5 checksum) as it is read.
 */
@Component(service = ImageService.class, configurationPid = "org.scoria.image")
@Designate(ocd = GlanceImageService.Config.class)
public class GlanceImageService implements ImageService {

    @ObjectClassDefinition(name = "Scoria image service (Glance)")
    public @interface Config {
        @AttributeDefinition(name = "Glance URL", description = "Glance's endpoint, e.g. http://127.0.0.1:9292;"
                + " empty: the image service of Keystone's catalog (auth.strategy=keystone).")
        String glance_url() default "";

        @AttributeDefinition(name = "Timeout", description = "Seconds to connect to Glance and for an answer to begin.")
        int timeout_seconds() default 30;

        @AttributeDefinition(name = "Attempts", description = "How often a request that fails to connect or meets a"
                + " server error is sent in all.")
        int attempts() default 3;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GlanceImageService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceSession session;
    private volatile Config config;
    private volatile HttpClient http;

    @Activate
    public GlanceImageService(@Reference ServiceSession session, Config config) {
        this.session = session;
        modified(config);
    }

    /** A changed configuration applies to the next request; the services using this one stay up. */
    @Modified
    void modified(Config config) {
        this.config = config;
        // No redirects: they would carry the tokens to wherever they point.
        this.http = HttpClient.newBuilder().connectTimeout(timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Optional<Image> find(String imageId, String callerToken) throws ImageServiceException {
        HttpResponse<InputStream> answer = send(imagePath(imageId), callerToken, "application/json");
        try (InputStream body = answer.body()) {
            return switch (answer.statusCode()) {
                case 200 -> Optional.of(GlanceImages.read(JSON.readTree(body)));
                // Another project's private image is not found: Glance says 404, or 403 for some.
                case 403, 404 -> Optional.empty();
                default -> throw refused("show image " + imageId, answer.statusCode(), body);
            };
        } catch (IOException e) {
            throw new ImageServiceException("Glance's answer on image " + imageId + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Image> findByName(String name, String callerToken) throws ImageServiceException {
        HttpResponse<InputStream> answer = send("v2/images?limit=2&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                callerToken, "application/json");
        try (InputStream body = answer.body()) {
            if (answer.statusCode() != 200) {
                throw refused("list images named " + name, answer.statusCode(), body);
            }
            List<Image> named = new ArrayList<>();
            for (JsonNode image : JSON.readTree(body).path("images")) {
                named.add(GlanceImages.read(image));
            }
            return named;
        } catch (IOException e) {
            throw new ImageServiceException("Glance's list of images named " + name + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public ImageData open(String imageId, String callerToken) throws ImageServiceException {
        Image image = find(imageId, callerToken).orElseThrow(
                () -> new ImageServiceException("Image " + imageId + " could not be found."));
        HttpResponse<InputStream> answer = send(imagePath(imageId) + "/file", callerToken, "application/octet-stream");
        switch (answer.statusCode()) {
            case 200 -> {
                long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
                LOG.info("Reading image {} ({}, {} bytes) from Glance", imageId, image.diskFormat(), length);
                return new ImageData(image, length, HashCheckingStream.of(image, answer.body()));
            }
            case 204 -> {
                close(answer);
                throw new ImageServiceException("Image " + imageId + " has no data.");
            }
            default -> {
                try (InputStream body = answer.body()) {
                    throw refused("read image " + imageId, answer.statusCode(), body);
                } catch (IOException e) {
                    throw new ImageServiceException("Glance refused to read image " + imageId, e);
                }
            }
        }
    }

    @Override
    public Image create(NewImage image, String callerToken) throws ImageServiceException {
        Map<String, Object> fields = new LinkedHashMap<>(image.properties());
        fields.put("name", image.name());
        fields.put("disk_format", image.diskFormat());
        fields.put("container_format", image.containerFormat());
        fields.put("visibility", image.visibility());
        fields.put("protected", image.isProtected());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new ImageServiceException("Image " + image.name() + " cannot be written as JSON: " + e.getMessage(), e);
        }
        HttpResponse<InputStream> answer = send("POST", "v2/images", callerToken, "application/json",
                HttpRequest.BodyPublishers.ofByteArray(body), "application/json", timeout());
        try (InputStream text = answer.body()) {
            if (answer.statusCode() != 201) {
                throw refused("create image " + image.name(), answer.statusCode(), text);
            }
            Image created = GlanceImages.read(JSON.readTree(text));
            LOG.info("Image {} ({}) created in Glance", created.id(), image.name());
            return created;
        } catch (IOException e) {
            throw new ImageServiceException("Glance's answer on the new image cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void upload(String imageId, Path data, String callerToken) throws ImageServiceException {
        long bytes;
        HttpRequest.BodyPublisher file;
        try {
            bytes = Files.size(data);
            file = HttpRequest.BodyPublishers.ofFile(data);
        } catch (IOException e) {
            throw new ImageServiceException("The data for image " + imageId + " cannot be read: " + e.getMessage(), e);
        }
        // Glance answers once it has all of it: the wait grows with the size, at a MiB a second at least.
        Duration wait = timeout().plusSeconds(bytes >> 20);
        long began = System.nanoTime();
        HttpResponse<InputStream> answer = send("PUT", imagePath(imageId) + "/file", callerToken, "application/json",
                file, "application/octet-stream", wait);
        try (InputStream text = answer.body()) {
            if (answer.statusCode() != 204) {
                throw refused("take the data of image " + imageId, answer.statusCode(), text);
            }
        } catch (IOException e) {
            throw new ImageServiceException("Glance's answer on image " + imageId + " cannot be read: " + e.getMessage(), e);
        }
        LOG.info("Image {} uploaded to Glance: {} MiB in {} ms", imageId, bytes >> 20,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    @Override
    public void delete(String imageId, String callerToken) throws ImageServiceException {
        HttpResponse<InputStream> answer = send("DELETE", imagePath(imageId), callerToken, "application/json",
                HttpRequest.BodyPublishers.noBody(), null, timeout());
        try (InputStream text = answer.body()) {
            if (answer.statusCode() != 204 && answer.statusCode() != 404) {
                throw refused("delete image " + imageId, answer.statusCode(), text);
            }
        } catch (IOException e) {
            throw new ImageServiceException("Glance's answer on image " + imageId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Scoria's own token, sent beside the caller's; none where Scoria runs without Keystone. */
    private String serviceToken() throws ImageServiceException {
        if (!session.enabled()) {
            return null;
        }
        try {
            return session.token(null);
        } catch (KeystoneUnavailableException e) {
            throw new ImageServiceException("Scoria cannot authenticate to reach Glance: " + e.getMessage(), e);
        }
    }

    private String imagePath(String imageId) {
        // Relative: a Glance behind a path prefix keeps it.
        return "v2/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8);
    }

    private HttpResponse<InputStream> send(String path, String token, String accept) throws ImageServiceException {
        return send("GET", path, token, accept, HttpRequest.BodyPublishers.noBody(), null, timeout());
    }

    /**
     * One request, tried again on a failure to connect or a 5xx; {@code body} is sent again each
     * time (a byte array or a file).
     */
    private HttpResponse<InputStream> send(String method, String path, String token, String accept,
            HttpRequest.BodyPublisher body, String contentType, Duration wait) throws ImageServiceException {
        URI uri = glance().resolve(path);
        String service = serviceToken();
        int attempts = Math.max(1, config.attempts());
        for (int attempt = 1;; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait).header("Accept", accept)
                    .method(method, body);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (token != null) {
                request.header("X-Auth-Token", token);
                if (service != null) {
                    request.header("X-Service-Token", service);
                }
            } else if (service != null) {
                // No caller's token (an operator at the shell): Scoria acts with its own rights.
                request.header("X-Auth-Token", service);
            }
            String failure;
            try {
                HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (answer.statusCode() < 500) {
                    return answer;
                }
                close(answer);
                failure = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageServiceException("Interrupted while asking Glance at " + uri);
            }
            if (attempt >= attempts) {
                LOG.error("Glance at {} failed {} time(s), last: {}; check that it runs (glance.url in"
                        + " etc/org.scoria.image.cfg, or Keystone's catalog)", uri, attempt, failure);
                throw new ImageServiceException("The image service is not available (" + failure + ").");
            }
            LOG.warn("Glance at {} failed ({}); trying again ({} of {})", uri, failure, attempt + 1, attempts);
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageServiceException("Interrupted while asking Glance at " + uri);
            }
        }
    }

    private URI glance() throws ImageServiceException {
        String configured = config.glance_url().trim();
        URI base;
        if (!configured.isEmpty()) {
            base = URI.create(configured);
        } else if (session.enabled()) {
            try {
                base = session.endpoint("image").orElseThrow(() -> new ImageServiceException(
                        "The image service is not available: Keystone's catalog has no image service."));
            } catch (KeystoneUnavailableException e) {
                throw new ImageServiceException("The image service is not available: " + e.getMessage(), e);
            }
        } else {
            throw new ImageServiceException("The image service is not available: no glance.url is configured"
                    + " (etc/org.scoria.image.cfg).");
        }
        // Catalogs list Glance with or without its version; the paths here carry it.
        String root = base.toString().replaceAll("/+$", "").replaceAll("/v2$", "");
        return URI.create(root + "/");
    }

    private Duration timeout() {
        return Duration.ofSeconds(Math.max(1, config.timeout_seconds()));
    }

    /** Glance's refusal, with what it says of it (its text, without the status line it repeats). */
    private static ImageServiceException refused(String what, int status, InputStream body) throws IOException {
        String text = new String(body.readNBytes(300), StandardCharsets.UTF_8);
        LOG.error("Glance refused to {}: HTTP {} {}", what, status, text);
        String said = text.replaceAll("<[^>]*>", " ").replaceAll("^\\s*\\d{3}[^\\n]*\\n", "")
                .replaceAll("\\s+", " ").trim();
        return new ImageServiceException("The image service refused to " + what + " (HTTP " + status + ")"
                + (said.isEmpty() ? "." : ": " + said));
    }

    private static void close(HttpResponse<InputStream> answer) {
        try {
            answer.body().close();
        } catch (IOException e) {
            // Nothing left to read from it.
        }
    }
}
