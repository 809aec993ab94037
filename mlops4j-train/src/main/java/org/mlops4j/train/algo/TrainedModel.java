package org.mlops4j.train.algo;

import org.mlops4j.train.predict.MarginModel;

/**
 * A trained model: its file in the bundle (XGBoost JSON or coefficients JSON), the parsed margin
 * model, and the loss per iteration on the training and validation rows.
 *
 * @param flavor         {@link MarginModel#XGBOOST} or {@link MarginModel#LINEAR}
 * @param fileName       the model file's name inside the bundle's {@code model/} directory
 * @param bytes          the model file (do not modify)
 * @param lossName       XGBoost's name of the loss: logloss, mlogloss or rmse
 * @param trainLoss      loss on the training rows after each round
 * @param validationLoss loss on the validation rows after each round (empty without validation rows)
 * @param bestIteration  the round kept (0-based): the best validation round under early stopping,
 *                       otherwise the last
 * @param roundsTrained  rounds run before stopping (more than {@code bestIteration + 1} when early
 *                       stopping cut the model back)
 */
public record TrainedModel(String flavor, String fileName, byte[] bytes, MarginModel model, String lossName,
                           double[] trainLoss, double[] validationLoss, int bestIteration, int roundsTrained) {
}
