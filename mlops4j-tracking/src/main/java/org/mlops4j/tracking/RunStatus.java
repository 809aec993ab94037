package org.mlops4j.tracking;

/** Run status, as MLflow numbers them (RUNNING=1 ... KILLED=5). */
public enum RunStatus {
    RUNNING(1), SCHEDULED(2), FINISHED(3), FAILED(4), KILLED(5);

    private final int number;

    RunStatus(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}
