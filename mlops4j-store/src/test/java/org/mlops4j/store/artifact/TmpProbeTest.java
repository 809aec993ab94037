package org.mlops4j.store.artifact;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.*;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.*;

class TmpProbeTest {
    @Test
    void probe() throws Exception {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("id", "secret").build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "id", "secret").build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
        ((Logger) LoggerFactory.getLogger("software.amazon.awssdk.request")).setLevel(Level.DEBUG);
        ((Logger) LoggerFactory.getLogger("org.gaul.s3proxy")).setLevel(Level.DEBUG);
        S3Client c = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort())).forcePathStyle(true)
                .addPlugin(LegacyMd5Plugin.create()).build();
        c.createBucket(b -> b.bucket("bbb"));
        try { c.putObject(b -> b.bucket("bbb").key("k"), RequestBody.fromString("hello")); System.out.println("PUT OK"); } catch (Exception e) { System.out.println("PUT FAIL " + e); }
        try { c.putObject(b -> b.bucket("bbb").key("k2"), RequestBody.fromInputStream(new java.io.ByteArrayInputStream("hello".getBytes()), 5)); System.out.println("PUT2 OK"); } catch (Exception e) { System.out.println("PUT2 FAIL " + e); }
        try { c.deleteObjects(b -> b.bucket("bbb").delete(d -> d.objects(o -> o.key("k")))); System.out.println("DEL OK"); } catch (Exception e) { System.out.println("DEL FAIL " + e); }
        proxy.stop();
    }
}
