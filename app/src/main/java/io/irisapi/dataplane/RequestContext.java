package io.irisapi.dataplane;

/** What the data plane needs to know of the request it scores, wherever the protocol read it from. */
public interface RequestContext {
    /** Neither a canary key nor client traffic: every request is the champion's and recorded. */
    RequestContext NONE = new RequestContext() {
        @Override
        public String canaryKey() {
            return null;
        }

        @Override
        public boolean isClientTraffic() {
            return true;
        }
    };

    /** The key that keeps a client on one model in a canary: its X-Canary-Key header, else the request id. */
    String canaryKey();

    /** False for the service's own warm-up requests, which are scored alike but not recorded. */
    boolean isClientTraffic();
}
